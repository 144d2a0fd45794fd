import type { FastifyReply, FastifyRequest } from "fastify";
import type { Principal } from "../core/auth/tokens.js";
import { ForbiddenError, UnauthorizedError } from "../core/errors.js";
import type { Permission } from "../core/permissions.js";

declare module "fastify" {
  interface FastifyRequest {
    principal?: Principal;
  }
}

/** The clinic always comes from the token, never from the body. */
export function requirePermission(
  access: { verifyAccess(token: string): Promise<Principal> },
  permission: Permission | null,
) {
  return async (request: FastifyRequest, _reply: FastifyReply) => {
    const header = request.headers.authorization ?? "";
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    if (!match) throw new UnauthorizedError();
    const principal = await access.verifyAccess(match[1]!);
    if (permission && !principal.permissions.includes(permission)) throw new ForbiddenError(permission);
    request.principal = principal;
  };
}

export function principalOf(request: FastifyRequest): Principal {
  if (!request.principal) throw new UnauthorizedError();
  return request.principal;
}
