import { check } from 'k6';
check(1, { one: (v) => v === 1 });
export default function () {}
