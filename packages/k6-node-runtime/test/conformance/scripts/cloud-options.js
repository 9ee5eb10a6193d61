export const options = { iterations: 1, cloud: { projectID: 1 } };
export default function () {}
