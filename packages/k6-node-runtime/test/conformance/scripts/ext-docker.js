// xk6-docker containers: list/inspect shapes, pause/unpause, stop = immediate kill, start.
import containers from 'k6/x/docker/containers';
import { inspect } from 'k6/x/docker/containers';
export { handleSummary } from './_summary.js';
export const options = { iterations: 1 };
export default function () {
  const id = __ENV.CONTAINER;
  const listed = containers.list({ all: true }).find((c) => c.id === id);
  containers.pause(id);
  const paused = inspect(id).state.paused;
  containers.unpause(id);
  containers.stop(id);
  const stopped = inspect(id).state;
  containers.start(id);
  const running = inspect(id).state.running;
  let missing = null;
  try {
    containers.inspect('cdc-no-such-container');
  } catch (e) {
    missing = e.message;
  }
  console.log(
    `RESULT ${JSON.stringify({ listedState: listed.state, names: listed.names, paused, stoppedRunning: stopped.running, exitCode: stopped.exit_code, running, missing })}`,
  );
}
