export const options = { iterations: 10, stages: [{ duration: '1s', target: 1 }] };
export default function () {}
