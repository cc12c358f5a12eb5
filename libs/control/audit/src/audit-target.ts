/** What an action concerned, as a path from its account down (the API and the CLI build targets the same way). */
export interface AuditTargetParts {
  accountId?: number | string;
  regionId?: string;
  username?: string;
  station?: { regionId: string; name: string };
  schemaId?: string;
  operator?: string;
  apiKeyId?: string;
}

/** e.g. account/12/station/aws-eu-central-1/orders; "service" when nothing narrower applies. */
export function auditTarget(p: AuditTargetParts): string {
  const parts = [
    p.accountId !== undefined && `account/${p.accountId}`,
    p.regionId !== undefined && `region/${p.regionId}`,
    p.username !== undefined && `user/${p.username}`,
    p.station && `station/${p.station.regionId}/${p.station.name}`,
    p.schemaId !== undefined && `schema/${p.schemaId}`,
    p.operator !== undefined && `operator/${p.operator}`,
    p.apiKeyId !== undefined && `api-key/${p.apiKeyId}`,
  ].filter((x): x is string => typeof x === 'string');
  return parts.length ? parts.join('/') : 'service';
}
