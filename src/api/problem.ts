import type { FastifyReply } from 'fastify';

/** RFC 9457 problem details, the REST API's error format. */
export interface Problem {
  type?: string;
  title: string;
  status: number;
  detail?: string;
  errors?: { property: string; message: string }[];
}

export function sendProblem(reply: FastifyReply, problem: Problem): FastifyReply {
  return reply
    .code(problem.status)
    .header('content-type', 'application/problem+json; charset=utf-8')
    .send({ type: problem.type ?? 'about:blank', ...problem });
}

export class ProblemError extends Error {
  constructor(readonly problem: Problem) {
    super(problem.detail ?? problem.title);
  }
}
