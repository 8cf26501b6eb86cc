namespace Ontraport.Client;
