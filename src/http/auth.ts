import type { FastifyReply, FastifyRequest } from "fastify";
import type { Principal, TokenService } from "../core/auth/tokens.js";
import { ForbiddenError, UnauthorizedError } from "../core/errors.js";
import type { InstallationPermission, Permission } from "../core/permissions.js";

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

/** Installation-wide routes: an operator's token (`token --installation`), never a clinic's. */
export function requireInstallationPermission(tokens: TokenService, permission: InstallationPermission) {
  return async (request: FastifyRequest, _reply: FastifyReply) => {
    const match = /^Bearer\s+(\S+)$/i.exec(request.headers.authorization ?? "");
    if (!match) throw new UnauthorizedError();
    const { permissions } = await tokens.verifyInstallation(match[1]!);
    if (!permissions.includes(permission)) throw new ForbiddenError(permission);
  };
}

export function principalOf(request: FastifyRequest): Principal {
  if (!request.principal) throw new UnauthorizedError();
  return request.principal;
}
