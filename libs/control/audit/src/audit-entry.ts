/** Who did it: an operator (console or API), the CLI (as an OS user), or, later, an API key. */
export interface AuditActor {
  type: 'operator' | 'cli' | 'api-key';
  /** The operator's or key's id; absent for the CLI. */
  id?: string;
  /** The operator's email, or cli:<OS user>. */
  label: string;
}

/** api: an operator token (or key); console: a console session (cookie); cli: the CLI. */
export type AuditSource = 'api' | 'console' | 'cli';

/** One mutating admin action, as the API and the CLI describe it (same action names on both). */
export interface AuditRecord {
  actor: AuditActor;
  source: AuditSource;
  action: string;
  target: string;
  accountId?: number | null;
  /** What was asked for; secrets are redacted by AuditLog before it is written. */
  summary: Record<string, unknown>;
}

/** The API's view of an entry (snake_case like the rest of the admin API). */
export interface AuditEntryResponse {
  id: string;
  at: string;
  actor_type: string;
  actor_id: string | null;
  actor: string;
  action: string;
  target: string;
  account_id: number | null;
  summary: unknown;
  source: string;
}

export interface AuditQuery {
  actor?: string;
  action?: string;
  /** Entries whose target is this one or lies under it (account/12 matches account/12/user/alice). */
  target?: string;
  accountId?: number;
  from?: Date;
  to?: Date;
  /** The next_cursor of the previous page: entries older than it. */
  cursor?: string;
  limit?: number;
}

export interface AuditPage {
  entries: AuditEntryResponse[];
  /** Pass as cursor for the next (older) page; null on the last page. */
  next_cursor: string | null;
}
