extension FindingCatalog {
  /// Findings of the SMTP and TLS area: the STARTTLS probe, the TLS handshake, OpenSSL's DANE
  /// decision and danescope's own TLSA matching. The subject is the server, `host[address]:port`.
  static let smtpEntries: [Entry] = [
    Entry(
      FindingCode("SMTP_UNREACHABLE"), .error,
      summary: "No connection to {subject}: {reason}.",
      explanation: """
        The TCP connection to the server's SMTP port could not be made: it was refused, it timed \
        out, or there is no route. A sending server retries later; if every MX host is \
        unreachable, mail waits in queues and finally bounces.
        """,
      reference: "RFC 5321 §4.5.4.1",
      fix:
        "Check that the server listens on the port at this address and that no firewall drops the connection."
    ),
    Entry(
      FindingCode("SMTP_GREETING_REFUSED"), .error,
      summary: "{subject} greeted with {code} instead of 220: {text}.",
      explanation: """
        An SMTP server opens with a 220 greeting. Any other code (554 means "no SMTP service \
        here") ends the session before STARTTLS can be tried, so nothing about TLS or DANE can be \
        learned from this address.
        """,
      reference: "RFC 5321 §3.1",
      fix:
        "Let the server accept connections from sending servers, or remove this address from the MX host."
    ),
    Entry(
      FindingCode("SMTP_EHLO_REJECTED"), .error,
      summary: "{subject} answered EHLO with {code}: {text}.",
      explanation: """
        Without a positive EHLO reply the server lists no extensions, STARTTLS among them, so a \
        sending server cannot start TLS. With usable TLSA records delivery to this server fails.
        """,
      reference: "RFC 5321 §4.1.1.1",
      fix:
        "Let the server accept EHLO from any client name (the probe sends a reserved .invalid name)."
    ),
    Entry(
      FindingCode("SMTP_STARTTLS_NOT_OFFERED"), .warning,
      summary: "{subject} does not offer STARTTLS.",
      explanation: """
        The EHLO reply does not list STARTTLS, so mail to this server travels in clear text. \
        Where the domain publishes usable TLSA records, a DANE sending server must not deliver \
        here at all.
        """,
      reference: "RFC 3207 §4, RFC 7672 §2.2",
      fix: "Configure a certificate and enable STARTTLS (Postfix: smtpd_tls_security_level = may)."),
    Entry(
      FindingCode("SMTP_STARTTLS_REFUSED"), .error,
      summary: "{subject} answered STARTTLS with {code}: {text}.",
      explanation: """
        The server offered STARTTLS but refused to start it (454 means TLS is not available for \
        a temporary reason, often a missing or unreadable key file). A DANE sending server \
        defers the mail; others fall back to clear text.
        """,
      reference: "RFC 3207 §4",
      fix: "Check the server's TLS key and certificate files and its logs at the time of the probe."
    ),
    Entry(
      FindingCode("SMTP_STEP_TIMED_OUT"), .error,
      summary: "{subject} did not answer in time during {step} (limit {seconds} s).",
      explanation: """
        The server stayed silent for longer than danescope waits at this step. A silent server \
        holds sending servers' connections open until their own timeouts end the attempt.
        """,
      reference: "RFC 5321 §4.5.3.2",
      fix: "Check the server's load, its greeting delay, and any filter that holds connections."),
    Entry(
      FindingCode("SMTP_REPLY_INCOMPLETE"), .error,
      summary:
        "{subject} began a reply during {step} but did not finish it within {seconds} s ({received} arrived, starting \"{start}\").",
      explanation: """
        The server was answering, not silent: part of a reply arrived, but the reply had not \
        ended when danescope's wait for it ran out. That wait covers the whole reply however \
        slowly its octets come, so a server cannot stretch it by sending one octet at a time. \
        A server this slow holds sending servers' connections until their own, longer, \
        timeouts, or makes them give up. The start of the reply is quoted as it came, with each \
        non-printable octet written as \\DDD.
        """,
      reference: "RFC 5321 §4.5.3.2",
      fix:
        "Look for a filter or tarpit that sends replies slowly and for an overloaded server; a longer --timeout shows whether the reply ever ends."
    ),
    Entry(
      FindingCode("SMTP_CONNECTION_CLOSED"), .error,
      summary: "{subject} closed the connection during {step}.",
      explanation: """
        The server dropped the connection before the step finished, without a reply that says why. \
        A sending server treats this as a temporary failure and retries later, so mail is delayed \
        rather than lost; if it keeps happening, the mail eventually bounces. Connection limits, \
        filters or a crashing server are the usual causes.
        """,
      reference: "RFC 5321 §3.8",
      fix: "Look in the server's logs for why it dropped the connection (limits, filters, crashes)."
    ),
    Entry(
      FindingCode("SMTP_LINE_TOO_LONG"), .error,
      summary:
        "{subject} sent a reply line longer than {limit} octets (line end not counted) during {step}.",
      explanation: """
        SMTP reply lines are at most 512 octets with their CR LF. This line went on past \
        danescope's limit, so danescope stopped reading: a server that does this is broken or \
        hostile. The limit counts the octets before the line end, however the network split \
        them.
        """,
      reference: "RFC 5321 §4.5.3.1.5",
      fix: "Fix the server or whatever sits in front of it (a proxy or filter sending garbage)."),
    Entry(
      FindingCode("SMTP_REPLY_TOO_LARGE"), .error,
      summary:
        "{subject} sent a reply larger than {limit} octets during {step} ({received} of it arrived before danescope stopped reading).",
      explanation: """
        A multi-line reply went on past danescope's size limit, so danescope stopped reading. \
        The size counts every octet of the reply's lines as it arrived, line ends included. \
        Real replies are a few hundred octets; this is a broken or hostile server.
        """,
      reference: "RFC 5321 §4.2.1",
      fix: "Fix the server or whatever sits in front of it."),
    Entry(
      FindingCode("SMTP_REPLY_TOO_MANY_LINES"), .error,
      summary:
        "{subject} sent a reply of more than {limit} lines during {step} ({received} of it arrived before danescope stopped reading).",
      explanation: """
        A multi-line reply went on past danescope's limit on lines in one reply, so danescope \
        stopped reading. The reply may be small in octets: it is the number of lines that is \
        too many. Real replies have a few lines (an EHLO reply lists one extension a line); a \
        server that sends hundreds is broken or hostile.
        """,
      reference: "RFC 5321 §4.2.1",
      fix: "Fix the server or whatever sits in front of it."),
    Entry(
      FindingCode("SMTP_MALFORMED_REPLY"), .error,
      summary: "{subject} sent a malformed reply during {step}: {problem}.",
      explanation: """
        Every reply line starts with a three-digit code (first digit 2 to 5) and a space or a \
        hyphen, and all lines of one reply share the code. This one does not, so its meaning \
        cannot be known; perhaps the port does not speak SMTP.
        """,
      reference: "RFC 5321 §4.2",
      fix: "Check that the port runs an SMTP server and that nothing rewrites its replies."),
    Entry(
      FindingCode("SMTP_CONTROL_CHARACTERS"), .warning,
      summary: "{subject} sent control characters or non-ASCII octets during {step}.",
      explanation: """
        SMTP replies are printable ASCII. Control characters such as ESC can change a terminal \
        when a log is viewed; danescope shows each such octet as \\DDD (its value in three decimal digits) instead.
        """,
      reference: "RFC 5321 §4.2",
      fix: "Remove the control characters from the server's greeting or replies."),
    Entry(
      FindingCode("SMTP_PLAINTEXT_AFTER_STARTTLS"), .error,
      summary:
        "{subject} sent {count} octets of plaintext after its 220 to STARTTLS; danescope discarded them.",
      explanation: """
        After the 220 reply to STARTTLS nothing may be read until the TLS handshake is done. \
        Text sent in between is injected: a client that keeps it would take it as a reply sent \
        over TLS (the STARTTLS command injection flaw, CVE-2011-0411). danescope threw it away; \
        its beginning is in the evidence.
        """,
      reference: "RFC 3207 §4.2",
      fix:
        "Update the server or remove the middlebox that adds text after the 220; it may be an attack."
    ),
    Entry(
      FindingCode("SMTP_REPLY_BEFORE_COMMAND"), .error,
      summary:
        "{subject} sent {count} octets before danescope sent {command}, an answer to a command"
        + " it had not received; danescope discarded them.",
      explanation: """
        An SMTP client leads the dialogue: it sends a command, then reads that command's reply. \
        A server cannot answer a command it has not received, so text that arrives before the \
        command was sent is no answer to it, whoever wrote it: a broken server, or a machine in \
        between that answers for the server (an early 220 to STARTTLS, or replies meant to be \
        read after TLS starts). A client that took it as the answer would act on words the \
        server never said. danescope threw it away unread, asked again, and took only what \
        came after its command; its beginning is in the evidence.
        """,
      reference: "RFC 5321 §4.3.1, RFC 2920 §3.1",
      fix:
        "Fix the server so that it answers each command once it has received it, or remove the"
        + " middlebox that answers for it; it may be an attack."
    ),
    Entry(
      FindingCode("SMTP_SECURE_EHLO_FAILED"), .warning,
      summary: "{subject} did not answer EHLO properly over TLS: {reason}.",
      explanation: """
        After the TLS handshake the client repeats EHLO, and only the answer given over TLS \
        counts. Without a good answer here, a sending server cannot go on with the mail even \
        though TLS came up. It then treats the attempt as failed and retries later. Where TLSA \
        records make TLS mandatory this is an error, TLS_REQUIRED_SESSION_FAILED, with this \
        finding under it.
        """,
      reference: "RFC 3207 §4.2",
      fix: "Check the server's logs for what went wrong after the handshake."),
    Entry(
      FindingCode("SMTP_PROBE_ERROR"), .error,
      summary: "The probe of {subject} failed during {step}: {reason}.",
      explanation: """
        A system call or the OpenSSL set-up failed on danescope's side, so the probe stopped \
        early. This says nothing about the server or about how senders would fare. The other \
        findings for this address are incomplete until the probe runs through.
        """,
      reference: "RFC 7672 §2.2",
      fix: "Run the probe again; if it persists, report it with the evidence."),
    Entry(
      FindingCode("TLS_HANDSHAKE_FAILED"), .error,
      summary: "The TLS handshake with {subject} failed: {reason}.",
      explanation: """
        STARTTLS was accepted but no TLS session came up: the server sent an alert, closed the \
        connection, or the two sides share no protocol version or cipher (danescope offers TLS \
        1.2 and 1.3). A DANE sending server defers mail to this server.
        """,
      reference: "RFC 7672 §2.2",
      fix: "Check the server's TLS settings: certificate and key, protocol versions and ciphers."),
    Entry(
      FindingCode("TLS_PROTOCOL_VERSION_TOO_OLD"), .error,
      summary:
        "{subject} speaks {offered}; danescope offers only TLS 1.2 and 1.3, so no TLS session came up.",
      explanation: """
        The server answered danescope's ClientHello with a protocol_version alert, or chose TLS \
        1.0 or 1.1 in its ServerHello. RFC 8996 deprecates both versions and danescope does not \
        offer them. A DANE sender most likely fails here too: OpenSSL 3 at Debian 12's default \
        security level cannot complete a TLS 1.0 or 1.1 handshake (their signatures need SHA-1), \
        and Postfix with DANE fails such a server ("legacy sigalg disallowed"), then defers the \
        mail. Docs/Decisions.md says why danescope does not fall back to check such a server.
        """,
      reference: "RFC 8996 §2, RFC 7672 §2.2",
      fix: "Enable TLS 1.2 and TLS 1.3 on the server."),
    Entry(
      FindingCode("TLS_HANDSHAKE_TIMED_OUT"), .error,
      summary: "The TLS handshake with {subject} did not finish within {seconds} s.",
      explanation: """
        The limit is for the whole handshake, not for each read: a server that keeps sending \
        records without ever completing the handshake is cut off when it runs out. A sending \
        server gives up the same way and defers the mail.
        """,
      reference: "RFC 7672 §2.2",
      fix: "Check that the server completes a TLS handshake promptly (try openssl s_client)."),
    Entry(
      FindingCode("TLS_TRACE_TRUNCATED"), .warning,
      summary:
        "{subject} sent more TLS messages than the trace shows; only the first {shown} are listed.",
      explanation: """
        A normal handshake has a dozen or so messages. After the limit danescope stops listing \
        them, so a server that floods the handshake cannot fill the screen or the memory.
        """,
      reference: "RFC 8446 §4",
      fix: "Look for what makes the server repeat handshake messages (a broken TLS stack)."),
    Entry(
      FindingCode("TLS_RECORD_REJECTED_BY_OPENSSL"), .warning,
      summary: "OpenSSL would not use the TLSA record {record} for {subject}: {reason}.",
      explanation: """
        The record passed danescope's checks for usability, but OpenSSL's DANE code refused to \
        load it, for example because its data has the wrong length for its matching type. It \
        therefore plays no part in the decision, as with a sender that uses OpenSSL. If it was the \
        only usable record, DANE senders have nothing to authenticate with.
        """,
      reference: "RFC 6698 §2.1.3, §2.1.4",
      fix: "Publish the record with data of the right form for its selector and matching type."),
    Entry(
      FindingCode("TLS_REFERENCE_NAME_NOT_A_HOST_NAME"), .warning,
      summary:
        "The DANE-TA record {record} for {subject} cannot be checked: no reference name ({names}) is a host name.",
      explanation: """
        A DANE-TA(2) record authenticates a server only when its certificate carries one of the \
        reference names: the TLSA base domain, the MX host name or the next-hop domain. None of \
        them is a host name here: a label holds an octet a certificate name cannot have (a NUL, a \
        dot inside a label, a space or a character outside letters, digits, hyphen and \
        underscore). Passed on as text, such a name would be cut short or read as other labels \
        and could match the wrong certificate, so the record is left out of the decision and no \
        SNI is sent. DANE-EE(3) records check no name and still count.
        """,
      reference: "RFC 7672 §3.2.2, RFC 6125 §6.4",
      fix: "Name the MX host with letters, digits and hyphens only, as host names are."),
    Entry(
      FindingCode("TLS_DANE_NOT_AUTHENTICATED"), .error,
      summary: "No usable TLSA record authenticates the certificate chain of {subject}: {reason}.",
      explanation: """
        The server's chain was checked against the usable TLSA records and none of them \
        authenticates it: no DANE-EE(3) record matches the leaf, and no DANE-TA(2) record \
        matches a certificate from which a valid chain leads to a leaf with a right name. A \
        DANE sending server will not deliver to this server.
        """,
      reference: "RFC 7672 §3",
      fix:
        "Publish TLSA records for the certificate the server presents now (danescope tlsa --from), or serve the certificate the records name."
    ),
    Entry(
      FindingCode("TLS_TLSA_RECORD_AT_WRONG_DEPTH"), .warning,
      summary: """
        TLSA record {record} has the data of the certificate at depth {depth} of {subject}, but \
        {rule}: it authenticates nothing.
        """,
      explanation: """
        The usage field says where in the chain a record may match: DANE-EE(3) describes the \
        server's own certificate (the leaf, depth 0), DANE-TA(2) a CA certificate that the server \
        sends above it. A record whose data belongs to a certificate in the other place matches \
        nothing for OpenSSL or any other DANE client. A `2 1 1` made from the leaf is the usual \
        case.
        """,
      reference: "RFC 7671 §5.1, §5.2",
      fix:
        "Publish the leaf's data with usage 3 (danescope tlsa --from HOST), or a DANE-TA record for the issuing CA (danescope tlsa --from HOST --usage 2) with the server sending that CA."
    ),
    Entry(
      FindingCode("TLS_MATCHER_DISAGREES"), .error,
      summary: "danescope's TLSA matching and OpenSSL disagree for {subject}: {detail}.",
      explanation: """
        danescope compares every certificate of the chain with every record itself and checks \
        the result against OpenSSL's DANE decision. Here the two cannot both be right, so the \
        verdict for this server is not to be trusted until the cause is known.
        """,
      reference: "RFC 7671 §5",
      fix: "Report it to danescope with the chain and the records from the evidence."),
  ]
}
