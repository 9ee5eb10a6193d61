// `k6/x/sql/driver/postgres` (grafana/xk6-sql-driver-postgres v0.1.2): default export = driver id.
import { POSTGRES } from './sql-drivers.js';

export default POSTGRES;
