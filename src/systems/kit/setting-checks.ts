/** A setting that must be an absolute http(s) URL. */
export function checkUrl(value: string): string | undefined {
  const protocol = URL.canParse(value) ? new URL(value).protocol : undefined;
  return protocol === 'http:' || protocol === 'https:' ? undefined : 'must be an absolute http(s) URL';
}

/** A setting that must be an ISO 8601 date-time with offset (a credential's declared expiry). */
export function checkIsoDateTime(value: string): string | undefined {
  return /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(value) &&
    !Number.isNaN(Date.parse(value))
    ? undefined
    : 'must be an ISO 8601 date-time with offset, e.g. 2027-01-31T00:00:00Z';
}
