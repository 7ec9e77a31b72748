/** Names of the services teams run; an instance takes one, unique within its account. */
export const SERVICE_NAMES = ['orders', 'catalog', 'quotes', 'ledger', 'profile', 'search', 'invoices', 'claims', 'inventory', 'rates', 'events', 'tickets'];
