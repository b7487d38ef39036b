/** Who people are (contact v3 users) and who the bot is (bot v3 info). */
import { HttpError, type Json } from '../http.ts';
import type { SimState } from '../state.ts';
import type { SimUser } from '../types.ts';
import type { OpenApiRoute } from './route.ts';

function userRoute(s: SimState, userId: string, query: URLSearchParams): Json {
  const idType = query.get('user_id_type') ?? 'open_id';
  let user: SimUser | undefined;
  for (const u of s.users.values()) {
    const id = idType === 'union_id' ? u.union_id : idType === 'user_id' ? u.user_id : u.open_id;
    if (id === userId) user = u;
  }
  if (!user) throw new HttpError(400, 41050, 'no user authority error');
  return {
    code: 0,
    msg: 'success',
    data: {
      user: {
        open_id: user.open_id,
        union_id: user.union_id ?? `on_sim_${user.open_id}`,
        ...(user.user_id ? { user_id: user.user_id } : {}),
        name: user.name,
        en_name: user.en_name ?? user.name,
        ...(user.email ? { email: user.email } : {}),
        ...(user.mobile ? { mobile: user.mobile } : {}),
        status: { is_activated: true, is_frozen: false, is_resigned: false, is_exited: false, is_unjoin: false },
      },
    },
  };
}

export function contactRoutes(s: SimState): OpenApiRoute[] {
  return [
    { method: 'GET', path: /^\/open-apis\/contact\/v3\/users\/([^/]+)$/, auth: true, json: false, run: (r) => userRoute(s, r.params[0] ?? '', r.query) },
    {
      method: 'GET',
      path: /^\/open-apis\/bot\/v3\/info$/,
      auth: true,
      json: false,
      run: () => ({
        code: 0,
        msg: 'ok',
        bot: { activate_status: 2, app_name: s.botName, avatar_url: '', ip_white_list: [], open_id: s.botOpenId },
      }),
    },
  ];
}
