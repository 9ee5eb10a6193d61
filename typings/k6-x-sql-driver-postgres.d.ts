// grafana/xk6-sql-driver-postgres v0.1.2: the default export is the driver id Symbol for sql.open().
declare module 'k6/x/sql/driver/postgres' {
  const driver: symbol;
  export default driver;
}
