import { Router } from 'express';
import { createApprovalApiRouter, type ApprovalRouteOptions } from './approval-api-routes';
import { createApprovalPageRouter } from './approval-page-routes';

export interface ApprovalRouterOptions extends ApprovalRouteOptions {
  /** The API's public base URL (PUBLIC_API_URL); an `https:` one makes the page's cookie `Secure`. */
  publicApiUrl: string;
}

/** Everything approvers reach: the JSON API under `/approvals` and the page under `/ui`. */
export function createApprovalRouter(options: ApprovalRouterOptions): Router {
  const router = Router();
  router.use(createApprovalApiRouter(options));
  router.use(createApprovalPageRouter(options));
  return router;
}
