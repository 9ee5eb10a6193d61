// Programmatic API of the local stack (`import … from 'cdc-chaos/stack'`): bring it up, read its endpoints, take it down.
export { stackEndpoints, formatEnv, HOST_PORTS, PIPELINE, type StackEndpoints } from './env.js';
export { stackUp, type UpOptions, type UpResult } from './up.js';
export { stackDown, type DownOptions } from './down.js';
export { stackStatus, formatStatus, type StackStatus } from './status.js';
export { stackLogs } from './logs.js';
export { StackError } from './errors.js';
export { consumerEnv, type ConsumerChoice } from './services/consumer.js';
export { PROXIES } from '../experiment/contract.js';
export { connectorConfig } from './connector.js';
export { stackConfig } from './config.js';
