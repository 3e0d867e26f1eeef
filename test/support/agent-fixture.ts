import { NO_CALL_LIMITS, type Agent } from '../../connector/src/store/store.js';

/** An agent as the store answers it, with the default profile (role agent, tenant policy); `overrides` win. */
export function agentFixture(overrides: Partial<Agent> = {}): Agent {
  return {
    id: 'maria',
    name: 'Maria',
    crmUserId: null,
    disabled: false,
    role: 'agent',
    team: null,
    callerId: null,
    allowedCountries: null,
    limits: NO_CALL_LIMITS,
    sessionEpoch: 0,
    ...overrides,
  };
}
