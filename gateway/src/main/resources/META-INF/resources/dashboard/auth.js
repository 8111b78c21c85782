// Login with Keycloak: authorization code + PKCE on a public client. The tokens live in this
// page's memory only (never in storage a script injected elsewhere could read); a reload goes
// through Keycloak again, which answers at once while its session lasts.

const PENDING = 'renfort.login';

function base64url(bytes) {
  return btoa(String.fromCharCode(...new Uint8Array(bytes))).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function randomString() {
  return base64url(crypto.getRandomValues(new Uint8Array(32)));
}

function claimsOf(token) {
  const payload = token.split('.')[1].replace(/-/g, '+').replace(/_/g, '/');
  return JSON.parse(decodeURIComponent(escape(atob(payload))));
}

export class Session {
  constructor(config) {
    this.config = config;
    this.redirectUri = location.origin + location.pathname;
    this.listeners = [];
  }

  get endpoint() {
    return this.config.authServerUrl.replace(/\/$/, '') + '/protocol/openid-connect';
  }

  /** Resolves once logged in; otherwise navigates to Keycloak's login page (and never resolves). */
  async start() {
    const params = new URLSearchParams(location.search);
    const pending = JSON.parse(sessionStorage.getItem(PENDING) || 'null');
    if (params.has('code') && pending && params.get('state') === pending.state) {
      sessionStorage.removeItem(PENDING);
      history.replaceState(null, '', this.redirectUri + (pending.hash || ''));
      await this.grant({ grant_type: 'authorization_code', code: params.get('code'),
        code_verifier: pending.verifier, redirect_uri: this.redirectUri });
      return this;
    }
    if (params.has('error')) {
      throw new Error('Keycloak refused the login: ' + (params.get('error_description') || params.get('error')));
    }
    await this.login();
    return new Promise(() => {});
  }

  async login() {
    const verifier = randomString();
    const state = randomString();
    sessionStorage.setItem(PENDING, JSON.stringify({ verifier, state, hash: location.hash }));
    const challenge = base64url(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier)));
    const query = new URLSearchParams({ response_type: 'code', client_id: this.config.clientId,
      redirect_uri: this.redirectUri, scope: 'openid', state, code_challenge: challenge, code_challenge_method: 'S256' });
    location.assign(this.endpoint + '/auth?' + query);
  }

  logout() {
    const query = new URLSearchParams({ client_id: this.config.clientId, post_logout_redirect_uri: this.redirectUri });
    if (this.idToken) query.set('id_token_hint', this.idToken);
    this.accessToken = null;
    location.assign(this.endpoint + '/logout?' + query);
  }

  async grant(form) {
    const response = await fetch(this.endpoint + '/token', {
      method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ client_id: this.config.clientId, ...form }),
    });
    const body = await response.json().catch(() => ({}));
    if (!response.ok) throw new Error('token refused: ' + (body.error_description || body.error || response.status));
    this.accessToken = body.access_token;
    this.refreshToken = body.refresh_token;
    this.idToken = body.id_token || this.idToken;
    this.claims = claimsOf(body.access_token);
    clearTimeout(this.renewal);
    // Renewed well before expiry, so the live streams reconnect with a valid token.
    const lifetime = (this.claims.exp * 1000 - Date.now());
    this.renewal = setTimeout(() => this.refresh().catch(() => this.login()), Math.max(5000, lifetime * 0.7));
    this.listeners.forEach((listener) => listener(this));
  }

  /** A fresh access token; the login page again once Keycloak's session is over. */
  async refresh() {
    if (!this.refreshToken) return this.login();
    await this.grant({ grant_type: 'refresh_token', refresh_token: this.refreshToken });
  }

  get username() { return this.claims.preferred_username; }
  get roles() { return (this.claims.realm_access && this.claims.realm_access.roles) || []; }
  get hospitalId() { return this.claims.hospital_id; }
  get dispatchCenter() { return this.claims.dispatch_center; }
  has(role) { return this.roles.includes(role); }
}
