// Driver identity shared by k6/x/sql and its driver modules (one realm per VU worker): the
// default export of k6/x/sql/driver/postgres is this Symbol, as xk6-sql-driver-postgres does.
export const POSTGRES: unique symbol = Symbol('postgres');
export const DRIVERS = new Map<symbol, string>([[POSTGRES, 'postgres']]);
