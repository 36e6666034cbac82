// RFC 9457 problem+json responses. Our error classes carry their status; anything else is a 500
// whose details stay in the log, never in the response.
import type { ErrorRequestHandler, RequestHandler } from 'express';
import { TrustLensError, ValidationError } from '../core/errors.js';
import type { Logger } from '../core/logger.js';

export interface Problem {
  type: string;
  title: string;
  status: number;
  detail?: string;
  instance?: string;
  errors?: { path: string; message: string }[];
}

const TITLES: Record<number, string> = {
  400: 'Bad Request', 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found', 405: 'Method Not Allowed',
  409: 'Conflict', 413: 'Content Too Large', 415: 'Unsupported Media Type', 422: 'Unprocessable Content',
  429: 'Too Many Requests', 500: 'Internal Server Error', 503: 'Service Unavailable',
};

export function problem(status: number, code: string, detail?: string, extra?: Partial<Problem>): Problem {
  return { type: `urn:trustlens:problem:${code}`, title: TITLES[status] ?? 'Error', status, detail, ...extra };
}

export const notFoundHandler: RequestHandler = (req, res) => {
  sendProblem(res, problem(404, 'not-found', `No route for ${req.method} ${req.path}`, { instance: req.originalUrl }));
};

export function errorHandler(logger: Logger): ErrorRequestHandler {
  return (err, req, res, _next) => {
    let p: Problem;
    if (err instanceof ValidationError) {
      p = problem(400, err.code, err.message, { errors: err.issues });
    } else if (err instanceof TrustLensError && err.status < 500) {
      p = problem(err.status, err.code, err.message);
    } else if (isBodyParserError(err)) {
      // express.json() errors: malformed JSON (400), too large (413), wrong charset (415).
      p = problem(err.status, err.type === 'entity.parse.failed' ? 'malformed-json' : String(err.type ?? 'bad-body'), err.status === 400 ? 'Request body is not valid JSON' : err.message);
    } else if (err instanceof TrustLensError && err.status === 503) {
      logger.warn({ err, path: req.path }, 'dependency unavailable');
      p = problem(503, err.code, 'A dependency is unavailable; try again shortly');
    } else {
      logger.error({ err, method: req.method, path: req.path }, 'unhandled error');
      p = problem(500, 'internal', 'Something went wrong on our side; it has been logged');
    }
    p.instance = req.originalUrl;
    sendProblem(res, p);
  };
}

export function sendProblem(res: Parameters<RequestHandler>[1], p: Problem): void {
  if (res.headersSent) return;
  res.status(p.status).type('application/problem+json').send(JSON.stringify(p));
}

function isBodyParserError(err: unknown): err is { status: number; type?: string; message: string } {
  return typeof err === 'object' && err !== null && 'status' in err && typeof (err as { status: unknown }).status === 'number'
    && 'type' in err && typeof (err as { type: unknown }).type === 'string' && (err as { status: number }).status < 500;
}
