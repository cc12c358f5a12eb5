import { Body, Controller, Delete, Get, HttpCode, Ip, Post, Req, Res } from '@nestjs/common';
import { OperatorSessions, OperatorSessionView } from '@restgw/accounts';
import { ApiDoc, forbidden, unauthorized } from '@restgw/platform';
import { CONSOLE_SESSION_DOCS } from './console-session.openapi';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { OperatorLoginDto } from '../admin/admin.dto';
import { clearSessionCookie, CSRF_HEADER, isCrossSite, sessionSecretFrom, setSessionCookie } from './session-cookie';

const sessionBody = (s: OperatorSessionView) => ({
  operator: s.operator,
  csrf_token: s.csrfToken,
  expires_at: s.expiresAt.toISOString(),
  idle_expires_at: s.idleExpiresAt.toISOString(),
});

/**
 * Console sign-in: POST answers the session (and sets its httpOnly cookie),
 * GET tells the console who is signed in (after a reload), DELETE signs out.
 * Not audited: signing in and out changes nothing in the service (like /admin/login).
 */
@Controller('admin/session')
export class ConsoleSessionController {
  constructor(private readonly sessions: OperatorSessions) {}

  @Post()
  @HttpCode(200)
  @ApiDoc(CONSOLE_SESSION_DOCS.signIn)
  async signIn(@Body() body: OperatorLoginDto, @Ip() clientIp: string, @Req() req: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply) {
    // Login CSRF: another site must not sign a browser in (as the attacker).
    if (isCrossSite(req)) throw forbidden('Cross-site request refused');
    const grant = await this.sessions.signIn(body.email, body.password, clientIp);
    setSessionCookie(req, reply, grant.secret, Math.round((grant.expiresAt.getTime() - Date.now()) / 1000));
    reply.header('cache-control', 'no-store');
    return sessionBody(grant);
  }

  @Get()
  @ApiDoc(CONSOLE_SESSION_DOCS.current)
  async current(@Req() req: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply) {
    const secret = sessionSecretFrom(req.headers.cookie);
    const session = secret === undefined ? null : await this.sessions.resolve(secret);
    if (!session) throw unauthorized();
    reply.header('cache-control', 'no-store');
    return sessionBody(session);
  }

  /** Ends the session server-side and clears the cookie; 204 also when there was none. */
  @Delete()
  @HttpCode(204)
  @ApiDoc(CONSOLE_SESSION_DOCS.signOut)
  async signOut(@Req() req: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply) {
    const secret = sessionSecretFrom(req.headers.cookie);
    if (secret !== undefined) {
      // Signing someone out is a change too: the same CSRF rules as every other.
      if (isCrossSite(req)) throw forbidden('Cross-site request refused');
      const sent = req.headers[CSRF_HEADER];
      const session = await this.sessions.resolve(secret);
      if (session && !this.sessions.csrfMatches(secret, typeof sent === 'string' ? sent : undefined)) {
        throw forbidden(`CSRF check failed: a change made with the console's session needs its ${CSRF_HEADER} header`);
      }
      await this.sessions.signOut(secret);
    }
    clearSessionCookie(req, reply);
  }
}
