import type { Express } from 'express';

interface RouterLayer {
  route?: { path: string | string[]; methods: Record<string, boolean> };
  handle?: { stack?: RouterLayer[] };
}

/**
 * Every route an express app serves, as `METHOD /path` with OpenAPI's `{param}` syntax, read from the app's
 * router stack (routers mounted at the root, as Loudwire's are, are walked too).
 */
export function expressRoutes(app: Express): string[] {
  const routes: string[] = [];
  const walk = (stack: readonly RouterLayer[]) => {
    for (const layer of stack) {
      if (layer.route) {
        const paths = Array.isArray(layer.route.path) ? layer.route.path : [layer.route.path];
        for (const path of paths) {
          for (const [method, served] of Object.entries(layer.route.methods)) {
            if (served && method !== '_all') routes.push(`${method.toUpperCase()} ${openApiPath(path)}`);
          }
        }
      } else if (layer.handle?.stack) {
        walk(layer.handle.stack);
      }
    }
  };
  walk((app as unknown as { router: { stack: RouterLayer[] } }).router.stack);
  return [...new Set(routes)].sort();
}

function openApiPath(expressPath: string): string {
  return expressPath.replace(/:([A-Za-z0-9_]+)/g, '{$1}');
}
