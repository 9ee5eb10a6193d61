export const options = { iterations: 1 };
export default function () {
  console.log('cdc-chaos:phase fault: kill cdc-mongodb');
}
