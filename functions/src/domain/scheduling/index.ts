export * from './types';
export * from './time-zones';
export * from './occurrences';
export * from './find-slot';
export * from './organizer';
export * from './transaction-id';
export * from './event-body';
export * from './book-pairings';
