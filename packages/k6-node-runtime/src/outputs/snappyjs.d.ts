declare module 'snappyjs' {
  export function compress<T extends Uint8Array | ArrayBuffer | Buffer>(data: T): T;
  export function uncompress<T extends Uint8Array | ArrayBuffer | Buffer>(data: T, maxLength?: number): T;
}
