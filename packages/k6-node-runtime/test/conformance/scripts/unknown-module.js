import foo from 'k6/x/does-not-exist';
export default function () {
  foo();
}
