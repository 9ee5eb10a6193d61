// blockHostnames would stop k6 from sending to these hosts: refused here, never silently ignored.
export const options = { iterations: 1, blockHostnames: ['*.example.com'] };
export default function () {}
