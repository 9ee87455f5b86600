/** Where the decision record is kept. */
export interface DecisionStorage {
  /** `cookie` while cookies work; `memory` once they are blocked. */
  readonly kind: 'cookie' | 'memory';
  read(): string | undefined;
  /** Stores the value for `days` days. */
  write(value: string, days: number): void;
  clear(): void;
}
