/**
 * A reference a source record names does not exist in the system it points to (a ticket's company has no won
 * deal, the deal has no project). Retrying cannot help: the record is parked with this explanation until an
 * operator fixes the data and redrives it.
 */
export class ReferenceNotFound extends Error {
  override readonly name = 'ReferenceNotFound';
  /** Also the Temporal failure type, so the workflow can name the incident. */
  static readonly type = 'ReferenceNotFound';
}
