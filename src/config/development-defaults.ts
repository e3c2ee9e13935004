import { systems } from '../systems/registry';
import { systemDevelopmentDefaults } from './system-settings';

/**
 * Development-only credentials, declared by each system (src/systems/<system>/index.ts) and shared by the API,
 * the worker and the sandbox vendors so that `npm start` works with no `.env`. They are the values in
 * `.env.example`; `NODE_ENV=production` refuses to start with any of them (see loadEnvironment).
 */
export const developmentDefaults: Readonly<Record<string, string>> = systemDevelopmentDefaults(systems);
