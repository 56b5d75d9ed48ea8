package io.skiff.apiserver.selection;

import io.skiff.apiserver.registry.GoValue;
import io.skiff.apiserver.registry.NameRules;
import io.skiff.apiserver.selection.LabelRequirement.Operator;
import io.skiff.common.FieldError;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The label selector grammar of {@code labels.Parse}: a lexer of identifiers and operator symbols, and a recursive
 * descent over {@code [!]key [op value | in|notin (v,...)]} terms separated by commas. Errors carry Kubernetes'
 * wording, since clients show them as they are.
 */
final class LabelParser {

  private enum Token { ERROR, END, CLOSE_PAREN, COMMA, NOT, DOUBLE_EQUALS, EQUALS, GREATER, IDENTIFIER, IN, LESS, NOT_EQUALS, NOT_IN, OPEN_PAREN }

  /** In the values context the keywords {@code in}/{@code notin} are ordinary identifiers ({@code x in (in)}). */
  private enum Context { KEY_AND_OPERATOR, VALUES }

  private record Item(Token token, String literal) {}

  private static final Map<String, Token> SYMBOLS = Map.ofEntries(
      Map.entry(")", Token.CLOSE_PAREN), Map.entry(",", Token.COMMA), Map.entry("!", Token.NOT),
      Map.entry("==", Token.DOUBLE_EQUALS), Map.entry("=", Token.EQUALS), Map.entry(">", Token.GREATER),
      Map.entry("in", Token.IN), Map.entry("<", Token.LESS), Map.entry("!=", Token.NOT_EQUALS),
      Map.entry("notin", Token.NOT_IN), Map.entry("(", Token.OPEN_PAREN));

  /** A parse failure with the message {@code labels.Parse} returns. */
  static final class ParseError extends Exception {
    ParseError(String message) {
      super(message, null, false, false);
    }
  }

  private final String text;
  private int pos;
  private final List<Item> items = new ArrayList<>();
  private int position;

  private LabelParser(String text) {
    this.text = text;
  }

  /** Parses selector text into requirements sorted by key. */
  static List<LabelRequirement> parse(String text) throws ParseError {
    LabelParser p = new LabelParser(text);
    p.scan();
    List<LabelRequirement> requirements = p.requirements();
    List<LabelRequirement> sorted = new ArrayList<>(requirements);
    sorted.sort((a, b) -> a.key().compareTo(b.key()));
    return sorted;
  }

  // ---- lexer ----

  private char read() {
    return pos < text.length() ? text.charAt(pos++) : 0;
  }

  private void unread() {
    pos--;
  }

  private static boolean whitespace(char c) {
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
  }

  private static boolean special(char c) {
    return c == '=' || c == '!' || c == '(' || c == ')' || c == ',' || c == '>' || c == '<';
  }

  private Item lex() {
    char c = read();
    while (whitespace(c)) {
      c = read();
    }
    if (c == 0) {
      return new Item(Token.END, "");
    }
    unread();
    return special(c) ? symbol() : identifierOrKeyword();
  }

  private Item identifierOrKeyword() {
    StringBuilder b = new StringBuilder();
    while (true) {
      char c = read();
      if (c == 0) {
        break;
      }
      if (special(c) || whitespace(c)) {
        unread();
        break;
      }
      b.append(c);
    }
    String s = b.toString();
    Token keyword = SYMBOLS.get(s);
    return keyword != null ? new Item(keyword, s) : new Item(Token.IDENTIFIER, s);
  }

  private Item symbol() {
    Item last = null;
    StringBuilder b = new StringBuilder();
    while (true) {
      char c = read();
      if (c == 0) {
        break;
      }
      if (!special(c)) {
        unread();
        break;
      }
      b.append(c);
      Token t = SYMBOLS.get(b.toString());
      if (t != null) {
        last = new Item(t, b.toString());
      } else if (last != null) {
        unread();
        break;
      }
    }
    return last != null ? last : new Item(Token.ERROR, "error expected: keyword found '" + b + "'");
  }

  private void scan() {
    while (true) {
      Item item = lex();
      items.add(item);
      if (item.token() == Token.END) {
        return;
      }
    }
  }

  // ---- parser ----

  private Item lookahead(Context context) {
    return inContext(items.get(position), context);
  }

  private Item consume(Context context) {
    return inContext(items.get(position++), context);
  }

  private static Item inContext(Item item, Context context) {
    if (context == Context.VALUES && (item.token() == Token.IN || item.token() == Token.NOT_IN)) {
      return new Item(Token.IDENTIFIER, item.literal());
    }
    return item;
  }

  private List<LabelRequirement> requirements() throws ParseError {
    List<LabelRequirement> requirements = new ArrayList<>();
    while (true) {
      Item next = lookahead(Context.VALUES);
      switch (next.token()) {
        case IDENTIFIER, NOT -> {
          try {
            requirements.add(requirement());
          } catch (ParseError e) {
            throw new ParseError("unable to parse requirement: " + e.getMessage());
          }
          Item after = consume(Context.VALUES);
          switch (after.token()) {
            case END -> {
              return requirements;
            }
            case COMMA -> {
              Item t2 = lookahead(Context.VALUES);
              if (t2.token() != Token.IDENTIFIER && t2.token() != Token.NOT) {
                throw new ParseError("found '" + t2.literal() + "', expected: identifier after ','");
              }
            }
            default -> throw new ParseError("found '" + after.literal() + "', expected: ',' or 'end of string'");
          }
        }
        case END -> {
          return requirements;
        }
        default -> throw new ParseError("found '" + next.literal() + "', expected: !, identifier, or 'end of string'");
      }
    }
  }

  private LabelRequirement requirement() throws ParseError {
    Operator operator = null;
    Item item = consume(Context.VALUES);
    if (item.token() == Token.NOT) {
      operator = Operator.DOES_NOT_EXIST;
      item = consume(Context.VALUES);
    }
    if (item.token() != Token.IDENTIFIER) {
      throw new ParseError("found '" + item.literal() + "', expected: identifier");
    }
    String key = item.literal();
    List<String> keyErrors = NameRules.qualifiedName(key);
    if (!keyErrors.isEmpty()) {
      throw new ParseError(FieldError.invalid("<nil>", key, String.join("; ", keyErrors)).toString());
    }
    Token next = lookahead(Context.VALUES).token();
    if (operator == Operator.DOES_NOT_EXIST) {
      // "!key" takes no operator; whatever follows is reported by the caller
      return create(key, operator, List.of());
    }
    if (next == Token.END || next == Token.COMMA) {
      return create(key, Operator.EXISTS, List.of());
    }
    operator = operator();
    List<String> values = switch (operator) {
      case IN, NOT_IN -> setValues();
      default -> List.of(exactValue());
    };
    return create(key, operator, values);
  }

  private Operator operator() throws ParseError {
    Item item = consume(Context.KEY_AND_OPERATOR);
    return switch (item.token()) {
      case IN -> Operator.IN;
      case EQUALS -> Operator.EQUALS;
      case DOUBLE_EQUALS -> Operator.DOUBLE_EQUALS;
      case GREATER -> Operator.GREATER_THAN;
      case LESS -> Operator.LESS_THAN;
      case NOT_IN -> Operator.NOT_IN;
      case NOT_EQUALS -> Operator.NOT_EQUALS;
      default -> throw new ParseError("found '" + item.literal() + "', expected: '=', '!=', '==', 'in', notin'");
    };
  }

  private List<String> setValues() throws ParseError {
    Item open = consume(Context.VALUES);
    if (open.token() != Token.OPEN_PAREN) {
      throw new ParseError("found '" + open.literal() + "' expected: '('");
    }
    Item first = lookahead(Context.VALUES);
    switch (first.token()) {
      case IDENTIFIER, COMMA -> {
        TreeSet<String> values = identifierList();
        if (consume(Context.VALUES).token() != Token.CLOSE_PAREN) {
          throw new ParseError("found '" + first.literal() + "', expected: ')'");
        }
        return List.copyOf(values);
      }
      case CLOSE_PAREN -> {
        consume(Context.VALUES);
        return List.of("");
      }
      default -> throw new ParseError("found '" + first.literal() + "', expected: ',', ')' or identifier");
    }
  }

  private TreeSet<String> identifierList() throws ParseError {
    TreeSet<String> values = new TreeSet<>();
    while (true) {
      Item item = consume(Context.VALUES);
      switch (item.token()) {
        case IDENTIFIER -> {
          values.add(item.literal());
          Item next = lookahead(Context.VALUES);
          switch (next.token()) {
            case COMMA -> {
              // another value follows
            }
            case CLOSE_PAREN -> {
              return values;
            }
            default -> throw new ParseError("found '" + next.literal() + "', expected: ',' or ')'");
          }
        }
        case COMMA -> {
          if (values.isEmpty()) {
            values.add("");
          }
          Token next = lookahead(Context.VALUES).token();
          if (next == Token.CLOSE_PAREN) {
            values.add("");
            return values;
          }
          if (next == Token.COMMA) {
            consume(Context.VALUES);
            values.add("");
          }
        }
        default -> throw new ParseError("found '" + item.literal() + "', expected: ',', or identifier");
      }
    }
  }

  private String exactValue() throws ParseError {
    Token next = lookahead(Context.VALUES).token();
    if (next == Token.END || next == Token.COMMA) {
      return "";
    }
    Item item = consume(Context.VALUES);
    if (item.token() == Token.IDENTIFIER) {
      return item.literal();
    }
    throw new ParseError("found '" + item.literal() + "', expected: identifier");
  }

  /**
   * Builds a requirement with the checks of {@code labels.NewRequirement}: key and value syntax, and the number of
   * values each operator needs. {@code values} null stands for a Go nil slice (printed as {@code []string(nil)}).
   */
  static LabelRequirement create(String key, Operator operator, List<String> values) throws ParseError {
    List<String> vals = values == null ? List.of() : values;
    List<FieldError> errors = new ArrayList<>();
    List<String> keyErrors = NameRules.qualifiedName(key);
    if (!keyErrors.isEmpty()) {
      errors.add(FieldError.invalid("key", key, String.join("; ", keyErrors)));
    }
    switch (operator) {
      case IN, NOT_IN -> {
        if (vals.isEmpty()) {
          errors.add(FieldError.invalid("values", GoValue.stringSlice(values), "for 'in', 'notin' operators, values set can't be empty"));
        }
      }
      case EQUALS, DOUBLE_EQUALS, NOT_EQUALS -> {
        if (vals.size() != 1) {
          errors.add(FieldError.invalid("values", GoValue.stringSlice(values), "exact-match compatibility requires one single value"));
        }
      }
      case EXISTS, DOES_NOT_EXIST -> {
        if (!vals.isEmpty()) {
          errors.add(FieldError.invalid("values", GoValue.stringSlice(values), "values set must be empty for exists and does not exist"));
        }
      }
      case GREATER_THAN, LESS_THAN -> {
        if (vals.size() != 1) {
          errors.add(FieldError.invalid("values", GoValue.stringSlice(values), "for 'Gt', 'Lt' operators, exactly one value is required"));
        }
        for (int i = 0; i < vals.size(); i++) {
          try {
            Long.parseLong(vals.get(i));
          } catch (NumberFormatException e) {
            errors.add(FieldError.invalid("values[" + i + "]", vals.get(i), "for 'Gt', 'Lt' operators, the value must be an integer"));
          }
        }
      }
    }
    for (int i = 0; i < vals.size(); i++) {
      List<String> valueErrors = NameRules.labelValue(vals.get(i));
      if (!valueErrors.isEmpty()) {
        errors.add(FieldError.invalid("values[" + i + "][" + key + "]", vals.get(i), String.join("; ", valueErrors)));
      }
    }
    if (!errors.isEmpty()) {
      throw new ParseError(FieldError.join(errors));
    }
    return new LabelRequirement(key, operator, vals);
  }
}
