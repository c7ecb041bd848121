/**
 * The credit bureau simulator on its own (`tsx simulators/bureaus/main.ts`): for installations in
 * the production profile, which never start it inside the product, and that still have no
 * contract with the bureaus (docker-compose's demo stack). Host and port from the environment.
 */
import { startBureauSimulator } from './server';

const port = Number(process.env.BUREAU_SIMULATOR_PORT ?? 8090);
const host = process.env.BUREAU_SIMULATOR_HOST ?? '127.0.0.1';

startBureauSimulator({ port, host })
  .then((sim) => console.log(`bureau simulator: ${sim.url}`))
  .catch((err) => {
    console.error(err);
    process.exit(1);
  });
