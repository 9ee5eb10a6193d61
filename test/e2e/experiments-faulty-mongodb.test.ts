// Consumers that break a guarantee on the MongoDB side (outages, slow writes, crashes) are caught by the experiment that must catch them
// (exit 99, threshold named); the table and the checks are in experiment-run.ts.
import { faultyConsumersAreCaught, requireBundles } from './experiment-run.js';

requireBundles();
faultyConsumersAreCaught(['chaos-mongodb', 'chaos-consumer-crash-during-slow-writes']);
