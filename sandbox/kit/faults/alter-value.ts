/**
 * Changes exactly one character of a string (its last one), keeping its length: the kind of corruption an
 * `alter_write` fault stores and only a read-back comparison can catch.
 */
export function alterOneCharacter(value: string): string {
  const characters = [...value];
  const last = characters.pop();
  if (last === undefined) return 'x';
  return [...characters, last === 'x' ? 'y' : 'x'].join('');
}
