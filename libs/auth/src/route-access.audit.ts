import { RequestMethod, type INestApplicationContext, type Type } from '@nestjs/common';
import { ApplicationConfig, ModulesContainer } from '@nestjs/core';
import { IS_PUBLIC_KEY, ROLES_KEY } from './auth.decorators.js';
import { AuthGuard } from './auth.guard.js';

// Nest's own metadata keys (@nestjs/common constants PATH_METADATA, METHOD_METADATA, GUARDS_METADATA).
const PATH_METADATA = 'path';
const METHOD_METADATA = 'method';
const GUARDS_METADATA = '__guards__';

export interface RouteAccess {
  readonly controller: string;
  readonly handler: string;
  readonly method: string;
  readonly path: string;
  /** `public`, `roles:a,b`, or `undeclared` (guarded, but nobody decided who may call it). */
  readonly access: string;
  /** True when AuthGuard runs for the route (globally or through @UseGuards). */
  readonly guarded: boolean;
}

/**
 * Every HTTP route of the application with how it is protected. Tests assert that each route is
 * either `@Public()` or declares `@Roles(...)`, and that AuthGuard guards it, so a new endpoint cannot
 * ship open by omission. Call after `app.init()`.
 */
export function auditRouteAccess(app: INestApplicationContext): RouteAccess[] {
  const globalGuard = app
    .get(ApplicationConfig)
    .getGlobalRequestGuards()
    .some((w) => w.instance instanceof AuthGuard || w.metatype === AuthGuard);
  const globalGuardInstance = app
    .get(ApplicationConfig)
    .getGlobalGuards()
    .some((g) => g instanceof AuthGuard);
  const routes: RouteAccess[] = [];
  for (const module of app.get(ModulesContainer).values()) {
    for (const wrapper of module.controllers.values()) {
      const controller = wrapper.metatype as Type | null;
      if (controller === null || typeof controller !== 'function') continue;
      const prototype = controller.prototype as Record<string, unknown>;
      const base = String((Reflect.getMetadata(PATH_METADATA, controller) as string | string[] | undefined) ?? '');
      const classGuards = (Reflect.getMetadata(GUARDS_METADATA, controller) as unknown[] | undefined) ?? [];
      for (const name of methodNames(prototype)) {
        const fn = prototype[name];
        if (typeof fn !== 'function') continue;
        const path = Reflect.getMetadata(PATH_METADATA, fn) as string | string[] | undefined;
        if (path === undefined) continue;
        const method = Reflect.getMetadata(METHOD_METADATA, fn) as RequestMethod | undefined;
        const guards = [...classGuards, ...((Reflect.getMetadata(GUARDS_METADATA, fn) as unknown[] | undefined) ?? [])];
        const isPublic = (Reflect.getMetadata(IS_PUBLIC_KEY, fn) ?? Reflect.getMetadata(IS_PUBLIC_KEY, controller)) === true;
        const roles = (Reflect.getMetadata(ROLES_KEY, fn) ?? Reflect.getMetadata(ROLES_KEY, controller)) as readonly string[] | undefined;
        for (const p of Array.isArray(path) ? path : [path]) {
          routes.push({
            controller: controller.name,
            handler: name,
            method: method === undefined ? 'GET' : RequestMethod[method],
            path: joinPath(base, p),
            access: isPublic ? 'public' : roles !== undefined && roles.length > 0 ? `roles:${roles.join(',')}` : 'undeclared',
            guarded: globalGuard || globalGuardInstance || guards.some((g) => g === AuthGuard || g instanceof AuthGuard),
          });
        }
      }
    }
  }
  return routes.sort((a, b) => a.path.localeCompare(b.path) || a.method.localeCompare(b.method));
}

function methodNames(prototype: object): string[] {
  const names = new Set<string>();
  for (let p: object | null = prototype; p !== null && p !== Object.prototype; p = Object.getPrototypeOf(p) as object | null) {
    for (const n of Object.getOwnPropertyNames(p)) if (n !== 'constructor') names.add(n);
  }
  return [...names];
}

function joinPath(base: string, path: string): string {
  const joined = `/${base}/${path}`.replace(/\/+/g, '/');
  return joined.length > 1 && joined.endsWith('/') ? joined.slice(0, -1) : joined;
}
