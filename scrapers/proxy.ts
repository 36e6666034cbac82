// Which proxy (if any) a URL goes through, from the usual environment variables:
// HTTPS_PROXY / https_proxy for https URLs, HTTP_PROXY / http_proxy for http URLs, and NO_PROXY /
// no_proxy to bypass ("*", "example.com" = the host and its subdomains, ".example.com", "host:port",
// IP addresses). Loopback always bypasses: the fixture site and local services are never proxied.
import { isLoopback } from '../src/core/config.js';

export interface ProxyEnv {
  [name: string]: string | undefined;
}

export function proxyFor(target: URL, env: ProxyEnv = process.env): string | undefined {
  const host = target.hostname.replace(/^\[|\]$/g, '').toLowerCase();
  if (isLoopback(host)) return undefined;
  const proxy =
    target.protocol === 'https:'
      ? env.HTTPS_PROXY || env.https_proxy || env.HTTP_PROXY || env.http_proxy
      : env.HTTP_PROXY || env.http_proxy;
  if (!proxy) return undefined;
  const noProxy = (env.NO_PROXY ?? env.no_proxy ?? '').split(/[\s,]+/).filter(Boolean);
  const port = target.port || (target.protocol === 'https:' ? '443' : '80');
  for (const raw of noProxy) {
    if (raw === '*') return undefined;
    let [pHost, pPort] = raw.toLowerCase().split(/:(?=\d+$)/);
    if (pPort && pPort !== port) continue;
    pHost = pHost.replace(/^\*?\./, '');
    if (host === pHost || host.endsWith(`.${pHost}`)) return undefined;
  }
  return proxy;
}
