// The .net architecture language. See docs/language.md for the semantics.
grammar Net;

@parser::members {
/// Newlines end statements: `[` on a new line starts a sequence, not an index
/// into the expression before it (`let v = 4` then `[relu]` on the next line).
bool sameLineAsPrevious() { return _input->LT(1)->getLine() == _input->LT(-1)->getLine(); }
}

file : topDecl* EOF ;

topDecl
  : 'import' (STRING | ID) sep?                                   # importDecl
  | 'let' ID '=' expr sep?                                        # constDecl
  | 'block' ID '(' paramList? ')' body                            # blockDecl
  | 'model' ID ('(' paramList? ')')? body                         # modelDecl
  | 'model' ID '=' ID ('(' argList? ')')? sep?                    # modelAlias
  ;

paramList : param (',' param)* ','? ;
param : ID ('=' expr)? ;

argList : arg (',' arg)* ','? ;
arg : (ID ':')? expr ;

body : '{' stmt* '}' ;

stmt
  : 'let' ID '=' expr sep?                                        # letStmt
  | 'input' '(' argList? ')' sep?                                 # inputStmt
  | 'scale' '(' argList? ')' sep?                                 # scaleStmt
  | ifChain sep?                                                  # ifStmt
  | 'repeat' expr ('as' ID)? body sep?                            # repeatStmt
  | 'require' expr (',' STRING)? sep?                             # requireStmt
  | (layerName '=')? layer ('->' layer)* sep?                     # layerStmt
  ;

// Instance names may be keywords too: torchvision calls modules "block".
layerName : ID | 'block' | 'model' | 'input' | 'scale' | 'gate' | 'residual' | 'parallel'
          | 'shortcut' | 'repeat' | 'import' | 'require' ;

ifChain : 'if' expr body ('else' (ifChain | body))? ;

layer
  : ID ('(' argList? ')')?                                        # callLayer
  | '[' stmt* ']'                                                 # seqLayer
  | 'residual' ('(' argList? ')')? body ('shortcut' body)?         # residualLayer
  | 'parallel' ('(' argList? ')')? body                           # parallelLayer
  | 'gate' body                                                   # gateLayer
  ;

expr
  : '(' expr ')'                                                  # parenExpr
  | INT                                                           # intExpr
  | FLOAT                                                         # floatExpr
  | STRING                                                        # stringExpr
  | ('true' | 'false')                                            # boolExpr
  | 'in'                                                          # inExpr
  | '[' (expr (',' expr)* ','?)? ']'                              # listExpr
  | ID '(' argList? ')'                                           # callExpr
  | ID                                                            # nameExpr
  | expr '.' ID                                                   # memberExpr
  | expr {sameLineAsPrevious()}? '[' expr ']'                     # indexExpr
  | <assoc=right> expr op='**' expr                               # binaryExpr
  | op=('-' | '+') expr                                           # unaryExpr
  | expr op=('*' | '/' | '//' | '%') expr                         # binaryExpr
  | expr op=('+' | '-') expr                                      # binaryExpr
  | expr op=('<' | '<=' | '>' | '>=' | '==' | '!=') expr          # binaryExpr
  | op='not' expr                                                 # unaryExpr
  | expr op='and' expr                                            # binaryExpr
  | expr op='or' expr                                             # binaryExpr
  | <assoc=right> expr '?' expr ':' expr                          # condExpr
  ;

sep : ';' | ',' ;

INT : [0-9]+ ;
FLOAT : [0-9]+ '.' [0-9]* EXPONENT? | '.' [0-9]+ EXPONENT? | [0-9]+ EXPONENT ;
fragment EXPONENT : [eE] [+-]? [0-9]+ ;
STRING : '"' (~["\\\r\n] | '\\' ["\\nt])* '"' ;
// A string the line ends inside of; the parser reports it by name.
UNTERMINATED_STRING : '"' (~["\\\r\n] | '\\' ~[\r\n])* ;
ID : [a-zA-Z_] [a-zA-Z_0-9]* ;
COMMENT : '#' ~[\r\n]* -> skip ;
WS : [ \t\r\n]+ -> skip ;
// Anything else becomes a token the parser rejects, so the error is reported
// where it is, in the same form as every other syntax error.
UNKNOWN : . ;
