using WorkforceSim.Cli;

return WsimApp.Run(args, Console.Out, Console.Error);
