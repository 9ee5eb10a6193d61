// --console-output: console.* lines go to the file; the runtime's own logs stay on stderr.
export const options = { iterations: 1 };
export default function () {
  console.log('to the console file');
  console.warn('also there');
}
