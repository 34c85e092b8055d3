/** One row of the generated operation table (generated/operations.ts). */
export type Transport = 'plain' | 'stream' | 'hijack' | 'websocket';

export interface OperationRow {
  operationId: string;
  /** Upper case: GET, POST, ... */
  method: string;
  /** The path template as the spec writes it, without the version prefix: `/containers/{id}/json`. */
  path: string;
  /** The spec's first tag: Container, Exec, Image, System, ... */
  tag: string;
  /**
   * How the exchange travels: `plain` request/response; `stream` a response body that is big
   * or endless and arrives in pieces; `hijack` a raw byte stream both ways after the response
   * head; `websocket` an upgrade to a websocket.
   */
  transport: Transport;
  /** Which side of the exchange is a tar archive, if one is. */
  tar?: 'request' | 'response';
}
