import { UsageError } from '../usage-error';

/** The spellings of one scaffolded name: `help-desk` → `helpDesk`, `HelpDesk`, `HELP_DESK`. */
export interface ScaffoldNames {
  kebab: string;
  camel: string;
  pascal: string;
  constant: string;
}

/** Checks a system or integration name (lower-case kebab-case, e.g. `help-desk`) and derives its spellings. */
export function scaffoldNames(name: string, what: string): ScaffoldNames {
  if (!/^[a-z][a-z0-9]*(-[a-z0-9]+)*$/.test(name)) {
    throw new UsageError(`${what} name "${name}" must be lower-case kebab-case, e.g. help-desk`);
  }
  const parts = name.split('-');
  const pascal = parts.map((part) => part[0]!.toUpperCase() + part.slice(1)).join('');
  return {
    kebab: name,
    camel: pascal[0]!.toLowerCase() + pascal.slice(1),
    pascal,
    constant: parts.join('_').toUpperCase(),
  };
}
