package io.aftermath.shared.query;

public record FindTicket(String ticketId) {
}
