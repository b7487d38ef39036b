/** A parent that starts the fake Open API in a child process, prints its URL, and waits to be killed. */
import { spawnFeishuSim } from '../../local/feishu-sim.ts';

const sim = await spawnFeishuSim();
console.log(`child ${sim.url}`);
setInterval(() => {}, 60_000);
