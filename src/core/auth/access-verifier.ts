import { UnauthorizedError } from "../errors.js";
import type { Principal, TokenService } from "./tokens.js";

const REMEMBERED_CLINICS = 10_000;

/**
 * Where a request's principal is built: a valid signature is not enough, the token's clinic
 * must exist too (a token signed for a clinic that was never created, or for another
 * installation's clinic with the same secret, gets 401 instead of failing deeper down).
 * Clinics are never deleted, so a clinic seen once is remembered (bounded, oldest first out).
 */
export class AccessVerifier {
  private readonly knownClinics = new Set<string>();

  constructor(
    private readonly tokens: TokenService,
    private readonly clinicExists: (clinicId: string) => Promise<boolean>,
  ) {}

  async verifyAccess(token: string): Promise<Principal> {
    const principal = await this.tokens.verifyAccess(token);
    if (!this.knownClinics.has(principal.clinicId)) {
      if (!(await this.clinicExists(principal.clinicId))) {
        throw new UnauthorizedError("the token's clinic does not exist");
      }
      if (this.knownClinics.size >= REMEMBERED_CLINICS) {
        const oldest = this.knownClinics.values().next().value;
        if (oldest !== undefined) this.knownClinics.delete(oldest);
      }
      this.knownClinics.add(principal.clinicId);
    }
    return principal;
  }
}
