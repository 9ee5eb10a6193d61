export const options = { scenarios: { main: { executor: 'constant-vuz', vus: 1, duration: '1s' } } };
export default function () {}
