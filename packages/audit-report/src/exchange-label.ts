/** How an exchange is named in every output: `file #index (seq N) METHOD url -> status`. Pure. */
import type { ExchangeRef } from './exchange.js';

export function exchangeWhere(ref: ExchangeRef): string {
  return `${ref.file} #${ref.index}${ref.seq === undefined ? '' : ` (seq ${ref.seq})`}`;
}

export function exchangeLabel(ref: ExchangeRef): string {
  return `${exchangeWhere(ref)} ${ref.method} ${ref.url} -> ${ref.status}`;
}

/** A JSON pointer as shown: `(body)` for the whole body. */
export const pointerText = (location: string) => (location === '' ? '(body)' : location);
