const text = open('./fixture.txt');
export const options = { iterations: 1 };
export default function () {
  let err = 'no error';
  try {
    open('./fixture.txt');
  } catch (e) {
    err = e.message;
  }
  console.log(`RESULT ${JSON.stringify({ text: text.trim(), err: err.includes('only available in the init stage') })}`);
}
