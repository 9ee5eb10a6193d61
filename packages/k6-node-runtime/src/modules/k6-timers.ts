// `k6/timers` (also installed as globals in every VU).
import { setTimeout, clearTimeout, setInterval, clearInterval } from '../vu/timers.js';
export { setTimeout, clearTimeout, setInterval, clearInterval };
export default { setTimeout, clearTimeout, setInterval, clearInterval };
