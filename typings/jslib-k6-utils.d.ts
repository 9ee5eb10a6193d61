// grafana/k6-jslib-utils as imported by URL (served built in by the cdc-chaos runtime).
declare module 'https://jslib.k6.io/k6-utils/*' {
  export function uuidv4(secure?: boolean): string;
  export function randomIntBetween(min: number, max: number): number;
  export function randomItem<T>(array: readonly T[]): T;
  export function randomString(length: number, charset?: string): string;
  export function findBetween(content: string, left: string, right: string, repeat?: false): string | null;
  export function findBetween(content: string, left: string, right: string, repeat: true): string[];
  export function normalDistributionStages(
    maxVus: number,
    durationSeconds: number,
    numberOfStages?: number,
  ): { duration: string; target: number }[];
  export function parseDuration(str: string): number;
  export function getCurrentStageIndex(): number;
  export function tagWithCurrentStageIndex(): void;
  export function tagWithCurrentStageProfile(): void;
  type CheckValue =
    unknown[] | Record<string | number | symbol, unknown> | boolean | string | number | null | undefined;
  type Checker<T> = ((value: T) => CheckValue) | ((value: T) => Promise<CheckValue>) | CheckValue | Promise<CheckValue>;
  interface SyncCheckMap {
    [key: string]: ((value: never) => CheckValue) | CheckValue;
  }
  /** Like k6 `check`, but a promise (value or checker result) makes it return Promise<boolean>. */
  export function check<T, C extends { [key: string]: Checker<T> }>(
    value: T,
    checkers: C,
    tags?: Record<string, string>,
  ): T extends Promise<unknown> ? Promise<boolean> : C extends SyncCheckMap ? boolean : Promise<boolean>;
}
