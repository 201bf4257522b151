// Makes every fast-check run reproducible and bounded: FC_SEED replays a run, FC_NUM_RUNS sets the budget.
import fc from 'fast-check';

const seed = process.env['FC_SEED'] === undefined ? undefined : Number(process.env['FC_SEED']);
const numRuns = process.env['FC_NUM_RUNS'] === undefined ? 100 : Number(process.env['FC_NUM_RUNS']);

fc.configureGlobal({
  numRuns,
  ...(seed === undefined ? {} : { seed }),
  // A failure prints its seed and path; rerun with FC_SEED=<seed> to replay it.
  verbose: 1,
});
