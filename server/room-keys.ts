// Names of the Socket.IO rooms a joined socket is in (docs/protocol.md §2).

/** Socket.IO room of every member of `room`. */
export const roomKey = (room: string): string => `r:${room}`;
/** Socket.IO room of member `id`'s sockets in `room`. */
export const memberKey = (room: string, id: string): string => `m:${room}:${id}`;
