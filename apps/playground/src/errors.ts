/** A fetched resource that was not there, not reachable, or not what it should be. */
export class PlaygroundError extends Error {
  override name = 'PlaygroundError';
}
