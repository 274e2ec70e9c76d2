import { createParamDecorator, SetMetadata, type ExecutionContext } from '@nestjs/common';
import { CONSUMER, type Principal, type TokenRole } from './principal.model.js';

export const IS_PUBLIC_KEY = 'lotledger:auth:public';
export const ROLES_KEY = 'lotledger:auth:roles';

/** The route answers anonymous callers (consumers); a valid bearer token, when sent, still identifies the caller. */
export const Public = (): MethodDecorator & ClassDecorator => SetMetadata(IS_PUBLIC_KEY, true);

/** Only callers whose token carries one of these roles. */
export const Roles = (...roles: [TokenRole, ...TokenRole[]]): MethodDecorator & ClassDecorator => SetMetadata(ROLES_KEY, roles);

const PRINCIPALS = new WeakMap<object, Principal>();

/** Records the caller on the request (the guard does this). */
export function setPrincipal(request: object, principal: Principal): void {
  PRINCIPALS.set(request, principal);
}

/** The caller the guard identified; a consumer when the guard has not run or no token was sent. */
export function principalOf(request: object): Principal {
  return PRINCIPALS.get(request) ?? CONSUMER;
}

/** Handler parameter: the calling Principal. */
export const CurrentPrincipal = createParamDecorator((_data: unknown, context: ExecutionContext): Principal => {
  return principalOf(context.switchToHttp().getRequest<object>());
});
