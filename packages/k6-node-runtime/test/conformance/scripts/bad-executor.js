export const options = { scenarios: { main: { executor: 'externally-controlled', vus: 1 } } };
export default function () {}
