export const options = { vus: 1, duration: '10 seconds' };
export default function () {}
